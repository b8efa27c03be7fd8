package io.ruleforge.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.bundle.VersionLock;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.FileProblems;
import io.ruleforge.files.Utf8Text;
import io.ruleforge.load.LoadCodes;
import io.ruleforge.load.RuleDocument;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.load.SourceFormat;
import io.ruleforge.load.SourceMap;
import io.ruleforge.rule.ExceptionListLoader;
import io.ruleforge.rule.ExceptionLists;
import io.ruleforge.rule.Rule;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rule set a change is compared against (or, with {@code diff --head}, the change itself): the rules directory
 * as it is at a git revision (read with JGit, straight from the object database — the working tree is not
 * touched) with the version lock of that revision, or a previously built bundle.
 *
 * @param label       how reports name the base, e.g. {@code origin/main (3f2a91c)} or the bundle file
 * @param rules       the base rules, keyed by rule_id by the caller
 * @param lock        the version lock beside the rules at that revision — read the same way as the head's, so
 *                    that both sides' versions mean the same; empty for a bundle, whose rule objects carry the
 *                    deployed versions
 * @param diagnostics what of the base could not be read (reported, never fatal for a diff)
 * @param exceptions  the exception lists of that revision (its exceptions folder), whose items its rules' searches
 *                    had; empty for a bundle, whose rules are compared with the head's lists
 * @param rulesFolder the rules folder's path in the repository ({@code detections/rules}, {@code ""} at its root);
 *                    empty for a bundle, whose rules have no files
 */
public record BaseRuleSet(String label, List<Rule> rules, VersionLock lock, List<Diagnostic> diagnostics,
                          Optional<ExceptionLists> exceptions, Optional<String> rulesFolder) {

    public BaseRuleSet {
        rules = List.copyOf(rules);
        diagnostics = List.copyOf(diagnostics);
        Objects.requireNonNull(exceptions, "exceptions");
        Objects.requireNonNull(rulesFolder, "rulesFolder");
    }

    /**
     * A base rule's file relative to the rules folder ({@code net/x.toml}), as committed; empty for a bundle's rule.
     * Read from its name, {@code REVISION:path-in-the-repository}.
     */
    public Optional<String> pathInRulesFolder(Rule rule) {
        return rulesFolder.flatMap(folder -> {
            String name = rule.displayPath();
            int colon = name.indexOf(':');
            String inRepository = colon < 0 ? name : name.substring(colon + 1);
            String prefix = folder.isEmpty() ? "" : folder + "/";
            return inRepository.startsWith(prefix) ? Optional.of(inRepository.substring(prefix.length())) : Optional.empty();
        });
    }

    /**
     * Reads a base given as a bundle file (an existing {@code .ndjson} file) or else as a git revision of the
     * repository that contains {@code rulesDirectory}.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static BaseRuleSet read(String base, Path rulesDirectory, Path exceptionsDirectory, Path displayBase) {
        Path asFile = displayBase.resolve(base);
        if (base.endsWith(".ndjson") && Files.isRegularFile(asFile)) {
            return fromBundle(asFile);
        }
        return fromGit(base, rulesDirectory, exceptionsDirectory, "base");
    }

    /**
     * Every {@code .toml}/{@code .yaml}/{@code .yml} file below the rules directory, its version lock, and the
     * exception lists below {@code exceptionsDirectory}, as committed at {@code revision}.
     *
     * @param side which side of the diff this is ({@code base} or {@code head}), for the option that names it
     * @throws UnknownRevisionException when the repository has no such revision
     */
    public static BaseRuleSet fromGit(String revision, Path rulesDirectory, Path exceptionsDirectory, String side) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(rulesDirectory.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            throw new IllegalArgumentException("the base \"" + revision + "\" is no bundle file, and "
                    + rulesDirectory + " is not inside a git repository");
        }
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId commit = repo.resolve(revision + "^{commit}");
            if (commit == null) {
                throw new UnknownRevisionException("unknown git revision \"" + revision + "\" in " + repo.getWorkTree()
                        + (revision.startsWith("origin/") ? " (fetch it first, e.g. `git fetch origin "
                        + revision.substring("origin/".length()) + "`: CI checkouts often fetch the pull request's branch only)" : "")
                        + "; name another with --" + side + " <ref> (Maven: -Druleforge." + side + "=<ref>)");
            }
            Path workTree = repo.getWorkTree().toPath().toAbsolutePath().normalize();
            String prefix = workTree.relativize(rulesDirectory.toAbsolutePath().normalize()).toString().replace('\\', '/');
            List<RuleDocument> documents = new ArrayList<>();
            List<Diagnostic> diagnostics = new ArrayList<>();
            Path exceptions = exceptionsDirectory.toAbsolutePath().normalize();
            // the exceptions folder may sit inside the rules folder: its files are lists, not rules
            Optional<String> exceptionsPrefix = exceptions.startsWith(workTree)
                    ? Optional.of(workTree.relativize(exceptions).toString().replace('\\', '/')) : Optional.empty();
            RuleLoader loader = new RuleLoader(workTree);
            for (GitFile file : files(repo, walk.parseCommit(commit).getTree(), prefix)) {
                if (exceptionsPrefix.isPresent() && isBelow(file.path(), exceptionsPrefix.get())) {
                    continue;
                }
                try {
                    documents.add(loader.parse(revision + ":" + file.path(), file.format(), file.bytes()));
                } catch (DiagnosticException e) {
                    diagnostics.add(e.diagnostic());
                }
            }
            ExceptionLists lists = ExceptionLists.none();
            if (exceptionsPrefix.isPresent()) {
                String valueLists = exceptionsPrefix.get().isEmpty() ? ExceptionListLoader.VALUE_LISTS_FOLDER
                        : exceptionsPrefix.get() + "/" + ExceptionListLoader.VALUE_LISTS_FOLDER;
                ExceptionListLoader.Result read = new ExceptionListLoader(workTree).read(
                        files(repo, walk.parseCommit(commit).getTree(), exceptionsPrefix.get()).stream()
                                .filter(f -> !isBelow(f.path(), valueLists))
                                .map(f -> new ExceptionListLoader.FileBytes(revision + ":" + f.path(), f.format(), f.bytes())).toList(),
                        valueListFiles(repo, walk.parseCommit(commit).getTree(), valueLists, revision, diagnostics).stream()
                                .map(f -> new ExceptionListLoader.ValueListBytes(revision + ":" + f.getKey(),
                                        f.getKey().substring(valueLists.length() + 1), f.getValue())).toList());
                lists = read.lists();
                diagnostics.addAll(read.diagnostics());
            }
            String lockPath = prefix.isEmpty() ? VersionLock.FILE_NAME : prefix + "/" + VersionLock.FILE_NAME;
            VersionLock lock = VersionLock.empty();
            try (TreeWalk lockFile = TreeWalk.forPath(repo, lockPath, walk.parseCommit(commit).getTree())) {
                if (lockFile != null) {
                    VersionLock.Read read = VersionLock.parse(
                            new String(repo.open(lockFile.getObjectId(0)).getBytes(), StandardCharsets.UTF_8), revision + ":" + lockPath);
                    lock = read.lock();
                    diagnostics.addAll(read.diagnostics());
                }
            }
            String label = revision + " (" + commit.abbreviate(7).name() + ")";
            return new BaseRuleSet(label, documents.stream().map(Rule::of).toList(), lock, diagnostics, Optional.of(lists),
                    Optional.of(prefix));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read git revision \"" + revision + "\": " + e.getMessage(), e);
        }
    }

    /** A rule or list file as committed: its path in the repository, its format and its bytes. */
    private record GitFile(String path, SourceFormat format, byte[] bytes) {
    }

    /** The {@code .toml}/{@code .yaml}/{@code .yml} files below {@code prefix} ("" for all) of a commit's tree, build output left out. */
    private static List<GitFile> files(Repository repo, RevTree tree, String prefix) throws IOException {
        List<GitFile> files = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            if (!prefix.isEmpty()) {
                walk.setFilter(PathFilter.create(prefix));
            }
            while (walk.next()) {
                Optional<SourceFormat> format = SourceFormat.of(Path.of(walk.getPathString()));
                if (format.isPresent() && !walk.getPathString().contains("/target/")) {
                    files.add(new GitFile(walk.getPathString(), format.get(), repo.open(walk.getObjectId(0)).getBytes()));
                }
            }
        }
        return files;
    }

    /**
     * The value list files below {@code folder} as committed, by path; names starting with a dot are no lists, and an
     * entry that is no file (a symbolic link, a submodule) is reported and left out.
     */
    private static List<Map.Entry<String, byte[]>> valueListFiles(Repository repo, RevTree tree, String folder, String revision,
                                                                  List<Diagnostic> diagnostics) throws IOException {
        List<Map.Entry<String, byte[]>> files = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            walk.setFilter(PathFilter.create(folder));
            while (walk.next()) {
                String path = walk.getPathString();
                if (!ExceptionListLoader.isValueList(path.substring(folder.length() + 1))) {
                    continue;
                }
                FileMode mode = walk.getFileMode(0);
                if (mode.equals(FileMode.REGULAR_FILE) || mode.equals(FileMode.EXECUTABLE_FILE)) {
                    files.add(Map.entry(path, repo.open(walk.getObjectId(0)).getBytes()));
                } else {
                    diagnostics.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(revision + ":" + path),
                            "cannot read value list: expected a regular file"));
                }
            }
        }
        return files;
    }

    private static boolean isBelow(String path, String folder) {
        return folder.isEmpty() || path.equals(folder) || path.startsWith(folder + "/");
    }

    /** The rules of a bundle written by ruleforge (or exported by Kibana): one rule object per line. */
    static BaseRuleSet fromBundle(Path ndjson) {
        ObjectMapper json = new ObjectMapper();
        List<Rule> rules = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        String display = ndjson.toString();
        try {
            List<String> lines = Utf8Text.read(ndjson).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    JsonNode object = json.readTree(lines.get(i));
                    if (object.isObject() && object.has("exported_count")) {
                        continue; // Kibana's export-details line
                    }
                    if (!object.isObject() || !object.path("rule_id").isTextual()) {
                        diagnostics.add(Diagnostic.error(DiffCodes.NOT_A_RULE_LINE, new SourcePosition(display, i + 1, 1),
                                "bundle line is not a rule object: expected a JSON object with a rule_id, found "
                                        + (object.isObject() ? "an object without a textual rule_id"
                                        : "a JSON " + object.getNodeType().name().toLowerCase(Locale.ROOT))));
                        continue;
                    }
                    ObjectNode tree = json.createObjectNode();
                    tree.putObject("metadata");
                    tree.set("rule", object);
                    String name = display + ":" + (i + 1);
                    rules.add(Rule.of(RuleDocument.of(name, SourceFormat.YAML, lines.get(i), tree, SourceMap.fileOnly(name))));
                } catch (IOException e) {
                    diagnostics.add(Diagnostic.error(DiffCodes.MALFORMED_BUNDLE_LINE, new SourcePosition(display, i + 1, 1),
                            "malformed bundle line: " + e.getMessage().lines().findFirst().orElse("")));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read bundle " + ndjson + ": " + FileProblems.describe(e), e);
        }
        if (rules.isEmpty()) {
            // every rule reads as added: an events file or an empty file given by mistake is said, not taken silently
            diagnostics.add(Diagnostic.warning(DiffCodes.NO_RULES_IN_BASE, SourcePosition.ofFile(display), "the base bundle"
                    + " holds no rule, so every rule shows as added: expected the rules.ndjson of a ruleforge bundle or a"
                    + " Kibana rule export, one rule object (with a rule_id) a line"));
        }
        return new BaseRuleSet(display, rules, VersionLock.empty(), diagnostics, Optional.empty(), Optional.empty());
    }
}

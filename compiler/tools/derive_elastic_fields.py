#!/usr/bin/env python3
"""Derives compiler/src/main/resources/io/ruleforge/fields/elastic-fields.tsv.gz from detection-rules' field schemas.

Input: ../shared/data/detection-rules-schemas (elastic/detection-rules detection_rules/etc/, Elastic License 2.0).
Output: gzip'd text, one section per index pattern: a line "[pattern]" followed by "field<TAB>type" lines; a third
column holds mapping options the schemas leave out ("normalizer=lowercase ignore_above=1024").

  python3 compiler/tools/derive_elastic_fields.py ../shared/data/detection-rules-schemas \
      compiler/src/main/resources/io/ruleforge/fields/elastic-fields.tsv.gz

Which fields apply to which index pattern follows detection-rules (beats.py, rule_validators.py):
  * <beat>-* (filebeat, winlogbeat, auditbeat, packetbeat, metricbeat, heartbeat): every fields.yml of the beat,
    all modules included;
  * logs-<module>.* and logs-<module>.<dataset>-* for each filebeat module: its module and dataset fields, standing in
    for the integration schemas (integration-schemas.json.gz), which are not available here;
  * non-ecs-schema.json: its patterns as they are;
  * endgame-*: the Endgame mapping; logs-endpoint.events.*: the Elastic Defend process extras. Their *.caseless
    fields are keyword multi-fields with the built-in lowercase normalizer and ignore_above 1024 in Elastic Defend's
    own mapping (elastic/endpoint-package, package/endpoint/data_stream/*/fields/fields.yml), which the schema file
    does not say.
"""
import gzip
import json
import sys
from collections import OrderedDict

BEATS = ["filebeat", "winlogbeat", "auditbeat", "packetbeat", "metricbeat", "heartbeat"]
NUMERIC_ALIASES = {"number": "long", "array": "keyword"}


def flatten_yml(entries, prefix, out, aliases):
    for f in entries or []:
        if not isinstance(f, dict):
            continue
        if "name" not in f:  # a fields.yml's top entry ({key, title, fields}) adds no name
            flatten_yml(f.get("fields"), prefix, out, aliases)
            continue
        name = prefix + str(f["name"])
        ftype = f.get("type") or "keyword"  # Beats' default field type
        if ftype == "group" and name.endswith(".*") and "*" not in name[:-2]:
            out.setdefault(name, "keyword")  # a group of dynamic keys: its keys are strings
            continue
        if ftype == "group":
            if f.get("fields"):
                out.setdefault(name, "object")
            flatten_yml(f.get("fields"), name + ".", out, aliases)
            continue
        if "*" in name:
            # an object whose keys are dynamic (o365.audit.Parameters.*): "prefix.*" types everything below the
            # prefix; a star inside the name (a.*.b) has no prefix to stand for, so it is left out
            if name.endswith(".*") and "*" not in name[:-2]:
                out.setdefault(name, f.get("object_type") or "keyword")
            continue
        if ftype == "alias":
            aliases[name] = f.get("path", "")
            continue
        out.setdefault(name, NUMERIC_ALIASES.get(ftype, ftype))
        for mf in f.get("multi_fields") or []:
            if isinstance(mf, dict) and "name" in mf:
                out.setdefault(name + "." + mf["name"], mf.get("type") or "keyword")


def module_groups(beat_tree):
    """The modules of a Beat whose _meta/fields.yml defines a group named after the module."""
    grouped = set()
    for module, tree in ((beat_tree.get("folders") or {}).get("module") or {}).get("folders", {}).items():
        meta = ((tree.get("folders") or {}).get("_meta") or {}).get("files", {}).get("fields.yml") or []
        for top in meta:
            if isinstance(top, dict) and any(isinstance(c, dict) and c.get("name") == module and c.get("type") == "group"
                                             for c in top.get("fields") or []):
                grouped.add(module)
    return grouped


def fields_of_tree(node, out, aliases, grouped, path=()):
    # a dataset's fields (module/<module>/<dataset>/_meta/fields.yml) sit inside its module's group when the module
    # defines one (aws → aws.cloudtrail.*), as the Beats build nests them; otherwise they carry full names (o365.audit)
    in_dataset = len(path) >= 4 and path[-4] == "module" and path[-2] != "_meta" and path[-1] == "_meta"
    prefix = path[-3] + "." if in_dataset and path[-3] in grouped else ""
    for file_name, content in (node.get("files") or {}).items():
        if file_name.startswith("fields") and file_name.endswith(".yml") and isinstance(content, list):
            flatten_yml(content, prefix, out, aliases)
    for name, child in (node.get("folders") or {}).items():
        fields_of_tree(child, out, aliases, grouped, path + (name,))


def resolve(out, aliases, ecs_types):
    for name, path in aliases.items():
        out.setdefault(name, out.get(path) or ecs_types.get(path) or "keyword")
    return out


def flatten_json(node, prefix, out):
    for key, value in node.items():
        if isinstance(value, dict):
            flatten_json(value, prefix + key + ".", out)
        else:
            out[prefix + key] = value


def main(src, dest):
    beats = json.load(gzip.open(f"{src}/beats_schemas_main.json.gz"))
    sections = OrderedDict()
    for beat in BEATS:
        out, aliases = {}, {}
        fields_of_tree(beats[beat], out, aliases, module_groups(beats[beat]))
        sections[f"{beat}-*"] = resolve(out, aliases, {})
    modules = beats["filebeat"]["folders"]["module"]["folders"]
    grouped = module_groups(beats["filebeat"])
    for module, tree in sorted(modules.items()):
        meta = tree.get("folders", {}).get("_meta")
        module_fields, aliases = {}, {}
        if meta:
            fields_of_tree(meta, module_fields, aliases, grouped, ("module", module, "_meta"))
        for dataset, dtree in sorted(tree.get("folders", {}).items()):
            if dataset == "_meta":
                continue
            out, d_aliases = {}, {}
            fields_of_tree(dtree, out, d_aliases, grouped, ("module", module, dataset))
            if out or d_aliases:
                sections[f"logs-{module}.{dataset}-*"] = resolve(out, d_aliases, sections["filebeat-*"])
        if module_fields:
            sections[f"logs-{module}.*"] = resolve(module_fields, aliases, sections["filebeat-*"])
    non_ecs = json.load(open(f"{src}/non-ecs-schema.json"))
    for pattern, tree in non_ecs.items():
        out = {}
        flatten_json(tree, "", out)
        sections.setdefault(pattern, {}).update(out)
    sections.setdefault("endgame-*", {}).update(
        json.load(gzip.open(f"{src}/endgame_schemas_8.4.0_endgame_ecs_mapping.json.gz")))
    endpoint = json.load(gzip.open(f"{src}/endpoint_schemas_endpoint_process.json.gz"))
    # the parent process's caseless fields, which Elastic Defend's process mapping has beside the process's own
    # (endpoint-package data_stream/process/fields/fields.yml: parent.name, parent.executable, parent.command_line)
    for name in ("process.parent.name.caseless", "process.parent.executable.caseless",
                 "process.parent.command_line.caseless"):
        endpoint.setdefault(name, "keyword")
    for name, ftype in endpoint.items():
        if name.endswith(".caseless") and ftype == "keyword":
            endpoint[name] = "keyword\tnormalizer=lowercase ignore_above=1024"
    sections.setdefault("logs-endpoint.events.*", {}).update(endpoint)
    with gzip.GzipFile(dest, "wb", mtime=0) as gz:
        gz.write(("# Field types of Elastic's Beats, integrations and agents per index pattern, derived from\n"
                  "# elastic/detection-rules detection_rules/etc/ (Elastic License 2.0, see LICENSE-ELASTIC-2.0.txt)\n"
                  "# by compiler/tools/derive_elastic_fields.py\n").encode())
        for pattern, fields in sections.items():
            gz.write(f"[{pattern}]\n".encode())
            for name in sorted(fields):
                gz.write(f"{name}\t{fields[name]}\n".encode())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

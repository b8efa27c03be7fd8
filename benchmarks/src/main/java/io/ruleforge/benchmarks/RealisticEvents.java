package io.ruleforge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic stream of everyday endpoint and network events in ECS shape — what a replay mostly sees:
 * Windows and Linux process starts of common binaries with their usual arguments, network connections, file
 * and registry changes, DNS look-ups and logons, on a handful of hosts and users. Few of them are attacks, so
 * rules mostly miss, as they do on real traffic.
 */
final class RealisticEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[][] WINDOWS_PROCESSES = {
            {"svchost.exe", "C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule", "services.exe"},
            {"chrome.exe", "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer", "chrome.exe"},
            {"explorer.exe", "C:\\Windows\\Explorer.EXE", "userinit.exe"},
            {"powershell.exe", "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\scripts\\inventory.ps1", "cmd.exe"},
            {"cmd.exe", "cmd.exe /c echo hello", "explorer.exe"},
            {"rundll32.exe", "rundll32.exe shell32.dll,Control_RunDLL", "explorer.exe"},
            {"msiexec.exe", "msiexec.exe /i C:\\Temp\\agent.msi /qn", "services.exe"},
            {"OUTLOOK.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\"", "explorer.exe"},
            {"conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", "cmd.exe"},
            {"wmiprvse.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding", "svchost.exe"},
    };
    private static final String[][] LINUX_PROCESSES = {
            {"bash", "/bin/bash -c ls -la /var/log", "sshd"},
            {"python3", "/usr/bin/python3 /opt/app/worker.py --queue default", "systemd"},
            {"curl", "curl -s https://api.example.com/health", "bash"},
            {"sudo", "sudo systemctl restart nginx", "bash"},
            {"cron", "/usr/sbin/cron -f", "systemd"},
            {"java", "/usr/bin/java -Xmx2g -jar /opt/app/service.jar", "systemd"},
    };
    private static final String[] USERS = {"alice", "bob", "svc_backup", "SYSTEM", "root", "carol"};
    private static final String[] ACTIONS = {"logged-in", "connection_attempted", "creation", "modification", "deletion",
            "lookup_requested", "Process Create (rule: ProcessCreate)", "Network connection detected (rule: NetworkConnect)"};

    private RealisticEvents() {
    }

    static List<JsonNode> generate(int count, long seed) {
        Random random = new Random(seed);
        List<JsonNode> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode e = NODES.objectNode();
            e.put("@timestamp", String.format("2026-11-%02dT%02d:%02d:%02d.000Z", 20 + i % 7, i % 24, i % 60, (i * 7) % 60));
            boolean windows = random.nextInt(3) != 0;
            int host = random.nextInt(12);
            ObjectNode hostNode = e.putObject("host");
            hostNode.put("name", (windows ? "WS-" : "srv-") + host);
            hostNode.put("id", "h" + host);
            hostNode.putObject("os").put("type", windows ? "windows" : "linux").put("family", windows ? "windows" : "debian");
            e.putObject("user").put("name", USERS[random.nextInt(USERS.length)]);
            ObjectNode event = e.putObject("event");
            event.put("module", windows ? "endpoint" : "auditd");
            event.put("dataset", windows ? "endpoint.events.process" : "auditd.log");
            int kind = random.nextInt(10);
            if (kind < 5) {
                String[] p = windows ? WINDOWS_PROCESSES[random.nextInt(WINDOWS_PROCESSES.length)]
                        : LINUX_PROCESSES[random.nextInt(LINUX_PROCESSES.length)];
                event.putArray("category").add("process");
                event.putArray("type").add("start");
                event.put("action", windows ? "start" : "executed");
                ObjectNode process = e.putObject("process");
                process.put("name", p[0]);
                process.put("executable", windows ? "C:\\Windows\\System32\\" + p[0] : "/usr/bin/" + p[0]);
                process.put("command_line", p[1]);
                var args = process.putArray("args");
                for (String a : p[1].split(" ")) {
                    args.add(a);
                }
                process.put("pid", 1000 + random.nextInt(60000));
                process.putObject("parent").put("name", p[2]).put("pid", 4 + random.nextInt(5000));
                process.put("entity_id", "p" + i);
            } else if (kind < 7) {
                event.putArray("category").add("network");
                event.putArray("type").add("connection").add("start");
                event.put("action", ACTIONS[1 + random.nextInt(2) * 6]);
                e.putObject("source").put("ip", "10.0." + host + "." + (1 + random.nextInt(250))).put("port", 49152 + random.nextInt(16000));
                e.putObject("destination").put("ip", random.nextBoolean() ? "142.250." + random.nextInt(255) + ".4" : "10.1.0." + random.nextInt(255))
                        .put("port", new int[]{443, 80, 53, 445, 3389, 22}[random.nextInt(6)]);
                e.putObject("network").put("transport", "tcp").put("protocol", random.nextBoolean() ? "tls" : "http");
                e.putObject("process").put("name", windows ? "chrome.exe" : "curl").put("pid", 2000 + random.nextInt(30000));
            } else if (kind < 8) {
                event.putArray("category").add("file");
                event.putArray("type").add(random.nextBoolean() ? "creation" : "change");
                event.put("action", ACTIONS[3 + random.nextInt(3)]);
                String name = "report-" + random.nextInt(500) + (random.nextBoolean() ? ".docx" : ".tmp");
                e.putObject("file").put("name", name).put("extension", name.substring(name.lastIndexOf('.') + 1))
                        .put("path", windows ? "C:\\Users\\alice\\Documents\\" + name : "/home/alice/" + name);
                e.putObject("process").put("name", windows ? "explorer.exe" : "python3");
            } else if (kind < 9) {
                event.putArray("category").add("authentication");
                event.putArray("type").add("start");
                event.put("action", "logged-in");
                event.put("outcome", random.nextInt(10) == 0 ? "failure" : "success");
                e.putObject("source").put("ip", "10.2.0." + random.nextInt(255));
                if (windows) {
                    e.putObject("winlog").putObject("event_data").put("LogonType", String.valueOf(new int[]{2, 3, 10}[random.nextInt(3)]));
                    event.put("code", "4624");
                }
            } else {
                event.putArray("category").add("network");
                event.putArray("type").add("protocol");
                event.put("action", "lookup_requested");
                e.putObject("dns").putObject("question").put("name", "host" + random.nextInt(100) + ".corp.example.com");
                e.putObject("process").put("name", windows ? "svchost.exe" : "systemd-resolved");
            }
            events.add(e);
        }
        return events;
    }
}

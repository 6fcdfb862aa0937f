/*
 * The ACL file and `user` lines of redis.conf: one "user <name> <rule> <rule>..." per line, the
 * format ACL LIST prints. Parsing builds a complete new set of users or fails as a whole, so a
 * bad file never leaves half the users loaded (acl.c, ACLLoadFromFile); saving writes ACL LIST's
 * lines to a temporary file renamed over the old one (ACLSaveToFile).
 */
package dev.rediscover.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

final class AclFile {
    private AclFile() {}

    /** A file that cannot be loaded, with every problem found ("file:line: reason. "). */
    static final class LoadException extends RuntimeException {
        LoadException(String message) { super(message, null, false, false); }
    }

    /** Users from the lines; throws LoadException listing the bad lines. */
    static Map<String, User> parse(List<String> lines, String source, AclCommandIndex index) {
        Map<String, User> users = new TreeMap<>();
        StringBuilder errors = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] words = line.split("\\s+");
            int lineNo = n + 1;
            if (!words[0].equals("user") || words.length < 2) {
                errors.append(source).append(':').append(lineNo)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            if (users.containsKey(words[1])) {
                errors.append(source).append(':').append(lineNo).append(": Duplicate user '")
                        .append(words[1]).append("' found. ");
                continue;
            }
            User u = new User(words[1], index);
            for (int i = 2; i < words.length; i++) {
                try {
                    u.applyRule(words[i]);
                } catch (AclRuleException e) {
                    errors.append(source).append(':').append(lineNo).append(": Error in applying operation '")
                            .append(words[i]).append("': ").append(e.getMessage()).append(". ");
                    break;
                }
            }
            users.put(u.name, u);
        }
        if (errors.length() > 0) throw new LoadException(errors.toString());
        return users;
    }

    /** Write the users, one ACL LIST line each, replacing the file atomically. */
    static void save(Path file, Collection<User> users) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (User u : users) sb.append(u.describe()).append('\n');
        Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

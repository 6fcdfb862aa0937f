/*
 * One ACL user: whether it is enabled, its password hashes, the commands it may run (a bitset
 * indexed by each command's aclId, so the per-command check is one array read), and the key and
 * channel patterns it may touch. Redis keeps the same in `struct user` and its root selector
 * (acl.c: ACLSetUser, ACLSetSelector, ACLDescribeUser); selectors beyond the root one are not
 * supported here.
 *
 * Rules are applied one word at a time (applyRule), exactly like ACL SETUSER and `user` lines.
 */
package dev.rediscover.acl;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

public final class User {
    /** Read and write permission bits of a key pattern (%R~, %W~, ~ is both). */
    static final int READ = 1, WRITE = 2;

    /** A key pattern and what it allows. */
    record KeyPattern(byte[] pattern, int perms) {
        String describe() {
            String p = new String(pattern, StandardCharsets.UTF_8);
            return switch (perms) {
                case READ -> "%R~" + p;
                case WRITE -> "%W~" + p;
                default -> "~" + p;
            };
        }
    }

    final String name;
    boolean enabled;
    boolean nopass;
    /** RESTORE payload checks: null = server default, else the user's flag (sanitize-payload). */
    Boolean sanitizePayload;
    final List<String> passwords = new ArrayList<>();   // SHA-256 hex, in the order added
    long[] allowed;                                     // bit i: the command with aclId i may run
    /**
     * +@all was the last word on "all": the rules start from +@all when described. Like Redis's
     * bit for future commands, only +@all/-@all (allcommands, nocommands, reset) change it.
     */
    boolean allCommands;
    /** Every command, key and channel allowed: the per-command check is skipped. */
    boolean unrestricted;
    boolean allKeys;
    final List<KeyPattern> keys = new ArrayList<>();
    boolean allChannels;
    final List<byte[]> channels = new ArrayList<>();
    private final AclCommandIndex index;

    User(String name, AclCommandIndex index) {
        this.name = name;
        this.index = index;
        this.allowed = new long[(index.size() + 63) / 64];
    }

    public String name() { return name; }

    /** Take every setting of another user (ACL SETUSER applies its rules to a copy first). */
    void copyFrom(User o) {
        enabled = o.enabled;
        nopass = o.nopass;
        sanitizePayload = o.sanitizePayload;
        passwords.clear();
        passwords.addAll(o.passwords);
        allowed = o.allowed.clone();
        allCommands = o.allCommands;
        allKeys = o.allKeys;
        keys.clear();
        keys.addAll(o.keys);
        allChannels = o.allChannels;
        channels.clear();
        channels.addAll(o.channels);
        unrestricted = o.unrestricted;
    }

    // ---------------------------------------------------------------- checks (the hot path)

    /** True when the command (or subcommand) may run: one bit test (acl.c, ACLSelectorCheckCmd). */
    // tag::can-run[]
    @Lab(15)
    boolean canRun(CommandSpec cmd) {
        throw new LabNotDone(15, "User.canRun");
    }
    // end::can-run[]

    /** True when a key may be used with these permissions (acl.c, ACLSelectorCheckKey). */
    // tag::can-access-key[]
    @Lab(15)
    boolean canAccessKey(byte[] key, int perms) {
        throw new LabNotDone(15, "User.canAccessKey");
    }
    // end::can-access-key[]

    /**
     * True when a channel may be used. A pattern (PSUBSCRIBE) must equal one of the user's
     * patterns literally, a channel must match one (acl.c, ACLCheckChannelAgainstList).
     */
    // tag::can-access-channel[]
    @Lab(15)
    boolean canAccessChannel(byte[] channel, boolean isPattern) {
        throw new LabNotDone(15, "User.canAccessChannel");
    }
    // end::can-access-channel[]

    boolean checkPassword(byte[] password) {
        if (nopass) return true;
        return passwords.contains(sha256Hex(password));
    }

    // ---------------------------------------------------------------- rules

    /** Apply one ACL rule word (acl.c, ACLSetUser). Throws AclRuleException with Redis's reason. */
    void applyRule(String rule) {
        String lower = rule.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "on" -> enabled = true;
            case "off" -> enabled = false;
            case "nopass" -> { nopass = true; passwords.clear(); }
            case "resetpass" -> { nopass = false; passwords.clear(); }
            case "allkeys" -> { allKeys = true; keys.clear(); }
            case "resetkeys" -> { allKeys = false; keys.clear(); }
            case "allchannels" -> { allChannels = true; channels.clear(); }
            case "resetchannels" -> { allChannels = false; channels.clear(); }
            case "allcommands" -> setAll(true);
            case "nocommands" -> setAll(false);
            case "reset" -> reset();
            case "sanitize-payload" -> sanitizePayload = true;
            case "skip-sanitize-payload" -> sanitizePayload = false;
            default -> applyComplexRule(rule);
        }
        unrestricted = allCommands && allKeys && allChannels && everyBitSet();
    }

    private boolean everyBitSet() {
        for (int id = 0; id < index.size(); id++) if (!bit(id)) return false;
        return true;
    }

    private void applyComplexRule(String rule) {
        if (rule.isEmpty()) return;   // Redis ignores an empty rule
        char first = rule.charAt(0);
        if (first == '>') addPassword(sha256Hex(rule.substring(1)));
        else if (first == '#') addPassword(checkedHash(rule.substring(1)));
        else if (first == '<') removePassword(sha256Hex(rule.substring(1)));
        else if (first == '!') removePassword(checkedHash(rule.substring(1)));
        else if (first == '~') addKeyPattern(rule.substring(1), READ | WRITE);
        else if (first == '%') addPercentKeyPattern(rule);
        else if (first == '&') addChannel(rule.substring(1));
        else if (first == '+' || first == '-') applyCommandRule(rule, first == '+');
        else throw new AclRuleException("Syntax error");
    }

    private void reset() {
        sanitizePayload = true;
        enabled = false;
        nopass = false;
        passwords.clear();
        allKeys = false;
        keys.clear();
        allChannels = false;
        channels.clear();
        setAll(false);
    }

    private void addPassword(String hash) {
        nopass = false;
        if (!passwords.contains(hash)) passwords.add(hash);
    }

    private void removePassword(String hash) {
        nopass = false;
        if (!passwords.remove(hash)) {
            throw new AclRuleException("The password you are trying to remove from the user does not exist");
        }
    }

    private static String checkedHash(String hex) {
        if (hex.length() != 64 || !hex.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
            throw new AclRuleException("The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters");
        }
        return hex;
    }

    private void addPercentKeyPattern(String rule) {
        int tilde = rule.indexOf('~');
        if (tilde < 2) throw new AclRuleException("Syntax error");
        int perms = 0;
        for (int i = 1; i < tilde; i++) {
            char ch = Character.toUpperCase(rule.charAt(i));
            if (ch == 'R') perms |= READ;
            else if (ch == 'W') perms |= WRITE;
            else throw new AclRuleException("Syntax error");
        }
        addKeyPattern(rule.substring(tilde + 1), perms);
    }

    private void addKeyPattern(String pattern, int perms) {
        if (allKeys) {
            throw new AclRuleException("Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns");
        }
        if (pattern.equals("*") && perms == (READ | WRITE)) {
            allKeys = true;
            keys.clear();
            return;
        }
        byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < keys.size(); i++) {
            if (java.util.Arrays.equals(keys.get(i).pattern, p)) {
                keys.set(i, new KeyPattern(p, keys.get(i).perms | perms));
                return;
            }
        }
        keys.add(new KeyPattern(p, perms));
    }

    private void addChannel(String pattern) {
        if (allChannels) {
            throw new AclRuleException("Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels");
        }
        if (pattern.equals("*")) {
            allChannels = true;
            channels.clear();
            return;
        }
        byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
        for (byte[] c : channels) if (java.util.Arrays.equals(c, p)) return;
        channels.add(p);
    }

    /** +cmd -cmd +cmd|sub +@category -@category (acl.c, ACLSetSelector). */
    private void applyCommandRule(String rule, boolean allow) {
        String what = rule.substring(1).toLowerCase(Locale.ROOT);
        if (what.startsWith("@")) {
            if (what.equals("@all")) {
                setAll(allow);
                return;
            }
            int[] ids = index.category(what.substring(1));
            if (ids == null) throw new AclRuleException("Unknown command or category name in ACL");
            for (int id : ids) setBit(id, allow);
            return;
        }
        CommandSpec cmd = index.command(what);
        if (cmd == null) throw new AclRuleException("Unknown command or category name in ACL");
        setBit(cmd.aclId, allow);
        for (CommandSpec sub : cmd.subcommands().values()) setBit(sub.aclId, allow);
    }

    private void setAll(boolean allow) {
        allCommands = allow;
        java.util.Arrays.fill(allowed, allow ? -1L : 0L);
    }

    void setBit(int id, boolean on) {
        if (on) allowed[id >>> 6] |= 1L << id;
        else allowed[id >>> 6] &= ~(1L << id);
    }

    boolean bit(int id) { return (allowed[id >>> 6] & (1L << id)) != 0; }

    // ---------------------------------------------------------------- describing

    /** The user as ACL LIST and ACL SAVE write it (acl.c, ACLDescribeUser). */
    String describe() {
        StringBuilder sb = new StringBuilder("user ").append(name).append(' ');
        sb.append(enabled ? "on" : "off");
        for (String f : extraFlags()) sb.append(' ').append(f);
        for (String p : passwords) sb.append(" #").append(p);
        String k = describeKeys();
        if (!k.isEmpty()) sb.append(' ').append(k);
        sb.append(' ').append(allChannels ? "&*" : "resetchannels");
        if (!allChannels && !channels.isEmpty()) sb.append(' ').append(describeChannels());
        sb.append(' ').append(describeCommands());
        return sb.toString();
    }

    /** Flags after on/off, as ACL LIST and GETUSER show them. */
    List<String> extraFlags() {
        List<String> f = new ArrayList<>(2);
        if (nopass) f.add("nopass");
        if (sanitizePayload != null) f.add(sanitizePayload ? "sanitize-payload" : "skip-sanitize-payload");
        return f;
    }

    /** "~*", or the patterns separated by spaces (GETUSER "keys"). */
    String describeKeys() {
        if (allKeys) return "~*";
        StringBuilder sb = new StringBuilder();
        for (KeyPattern p : keys) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(p.describe());
        }
        return sb.toString();
    }

    /** GETUSER "channels": "&*" or the patterns. */
    String describeChannels() {
        if (allChannels) return "&*";
        StringBuilder sb = new StringBuilder();
        for (byte[] p : channels) {
            if (sb.length() > 0) sb.append(' ');
            sb.append('&').append(new String(p, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** "+@all -@dangerous", "-@all +get": see AclDescriber. */
    String describeCommands() { return AclDescriber.describe(this, index); }

    static String sha256Hex(String password) { return sha256Hex(password.getBytes(StandardCharsets.UTF_8)); }

    static String sha256Hex(byte[] password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(password));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

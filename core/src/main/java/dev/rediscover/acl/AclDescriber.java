/*
 * Turns a user's allowed-commands bitset back into rules ("+@all -@dangerous", "-@all +get"), as
 * ACL LIST, ACL GETUSER and ACL SAVE show it. Redis 7.0 does not remember the rules it was given:
 * it starts from +@all or -@all, then repeatedly takes the category that fits best (more of its
 * commands agree with the user than disagree; fewest disagreeing wins, then most agreeing), and
 * fixes the remaining differences one command at a time (acl.c, ACLDescribeSelectorCommandRules). The single commands come in our table's order; Redis lists
 * them in its command dict's (seeded hash) order, so with several single commands the order may
 * differ from a real server's, while meaning the same.
 */
package dev.rediscover.acl;

import dev.rediscover.command.CommandSpec;

final class AclDescriber {
    private AclDescriber() {}

    static String describe(User user, AclCommandIndex index) {
        int n = index.size();
        boolean additive = !user.allCommands;
        boolean[] fake = new boolean[n];
        if (!additive) java.util.Arrays.fill(fake, true);
        StringBuilder sb = new StringBuilder(additive ? "-@all" : "+@all");
        // "left" holds the user's bits minus what the categories chosen so far already explain.
        boolean[] left = new boolean[n];
        for (int id = 0; id < n; id++) left[id] = user.bit(id);
        boolean[] applied = new boolean[AclCommandIndex.CATEGORIES.size()];
        while (true) {
            int best = -1, fewestWrong = Integer.MAX_VALUE, mostRight = 0;
            for (int j = 0; j < applied.length; j++) {
                if (applied[j]) continue;
                int on = 0, off = 0;
                for (int id : index.category(AclCommandIndex.CATEGORIES.get(j))) {
                    if (left[id]) on++;
                    else off++;
                }
                int right = additive ? on : off, wrong = additive ? off : on;
                if (right > wrong && (wrong < fewestWrong || (wrong == fewestWrong && right > mostRight))) {
                    best = j;
                    fewestWrong = wrong;
                    mostRight = right;
                }
            }
            if (best < 0) break;
            String cat = AclCommandIndex.CATEGORIES.get(best);
            for (int id : index.category(cat)) {
                fake[id] = additive;
                left[id] = !additive;
            }
            applied[best] = true;
            sb.append(additive ? " +@" : " -@").append(cat);
        }
        for (CommandSpec cmd : index.topLevelByName()) {
            single(user, fake, cmd, sb);
            for (CommandSpec sub : cmd.subcommands().values()) single(user, fake, sub, sb);
        }
        return sb.toString();
    }

    /**
     * "+cmd" or "-cmd" when the user and the rules so far disagree on it. A container's rule
     * covers its subcommands too, so the fake bits follow (acl.c, ACLChangeSelectorPerm).
     */
    private static void single(User user, boolean[] fake, CommandSpec cmd, StringBuilder sb) {
        boolean on = user.bit(cmd.aclId);
        if (on == fake[cmd.aclId]) return;
        sb.append(on ? " +" : " -").append(cmd.name());
        fake[cmd.aclId] = on;
        for (CommandSpec sub : cmd.subcommands().values()) fake[sub.aclId] = on;
    }

}

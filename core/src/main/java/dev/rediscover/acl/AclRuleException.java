/*
 * A rule ACL SETUSER (or a `user` line, or an ACL file) cannot apply, with Redis's reason text:
 * the caller wraps it as "ERR Error in ACL SETUSER modifier '<rule>': <reason>" (acl.c,
 * ACLSetUserStringError).
 */
package dev.rediscover.acl;

final class AclRuleException extends RuntimeException {
    AclRuleException(String reason) { super(reason, null, false, false); }
}

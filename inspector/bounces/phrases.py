"""The phrase rules a postmaster would recognise, in the order they are tried: expiry,
size and storage, the address's state, authentication, reputation and content, the
destination, unknown users, then the late catch-alls (connections, rates, blocks, errors).

Order matters because sentences carry several signs ("5.1.0 MailFrom domain is listed in
Spamhaus" is a block although 5.1.x says unknown address): specific causes come first, the
bare "user unknown" and the generic refusals last.
"""

from __future__ import annotations

import re

from inspector.bounces.evidence import Check, Facts, Hit, final_attempt, not_permanent, phrase_rule
from inspector.bounces.provider_phrases import PROVIDER_RULES
from inspector.model.bounces import BounceReason, SmtpCommand

R = BounceReason

_EXPIRED = (
    phrase_rule(
        R.EXPIRED,
        r"message expired|delivery (?:time )?expired|expired after|retry time ?(?:out)? "
        r"(?:exceeded|not reached)|retry timeout|could not be delivered (?:for|within) "
        r"(?:too long|\d+)|in the queue too long|too long in (?:the )?queue|gave up (?:after|on "
        r"(?:delivery|retrying))|giving up after|"
        r"unable to deliver (?:this message )?(?:after|in|within) \d+|"
        r"undeliverable for \d+|maximum (?:queue|retry) time|queue (?:time|lifetime) "
        r"(?:exceeded|expired)|did not accept our requests to connect|"
        r"delivery attempts? (?:has|have) (?:been )?(?:stopped|exceeded)",
    ),
)

_SIZE_AND_STORAGE = (
    phrase_rule(
        R.SYSTEMFULL,
        r"insufficient system (?:storage|resources)|(?:mail )?system (?:storage|disk )?is "
        r"full|mail system full|out of disk space|no space left|disk (?:is )?full",
    ),
    phrase_rule(
        R.MAILBOXFULL,
        r"mailbox (?:is )?full|mailbox full|full mailbox|over ?quota|quota (?:exceeded|full)|"
        r"exceeded (?:the )?(?:storage|quota|mailbox)|mailbox[^.;]{0,40}(?:exceeded|over "
        r"the|size limit)|mail ?folder is (?:full|over)|user'?s? (?:disk|mailbox) "
        r"(?:quota|is full)|out of storage space|insufficient (?:storage|disk space) for "
        r"(?:the )?(?:user|mailbox)|quotaexceeded|storage allocation|account is full",
        "",
    ),
    phrase_rule(
        R.NOTCOMPLIANTRFC,
        r"multiple addresses in from|not (?:rfc ?5322|rfc ?2822) compliant|rfc ?5322 "
        r"(?:compliance|standards)|duplicate header|missing (?:a |the )?(?:valid )?"
        r"(?:date|message-id|from|subject) header|more than one (?:from|date|message-id)",
        "the message breaks RFC 5322",
    ),
    phrase_rule(
        R.CONTENTERROR,
        r"8-?bit data|non-?ascii (?:characters? )?in (?:the )?header|header(?:s| lines?| "
        r"section)? (?:is |are )?too (?:large|long|big)|too many (?:\"?received\"? )?headers|"
        r"invalid mime|malformed (?:mime|header)|illegal (?:character|header)|message "
        r"content not available|conversion (?:required|failed)",
        "",
    ),
    phrase_rule(
        R.EXCEEDLIMIT,
        r"message length exceeds administrative limit|exceeds? (?:the )?per-?(?:user|mailbox) "
        r"(?:size )?limit",
        "",
    ),
    phrase_rule(
        R.MESGTOOBIG,
        r"(?:message|mail|email) (?:is )?too (?:big|large)|message (?:file )?too big|(?:message|"
        r"mail) size (?:limit|exceeds|too)|size limit exceeded|exceeds? (?:the )?(?:fixed )?"
        r"maximum (?:message )?size|maximum (?:allowed )?(?:message )?size exceeded|max "
        r"message size|message size exceeds|line limit exceeded|too large for (?:this|the) "
        r"(?:system|server)|exceeded google'?s message size",
        "",
    ),
)

_ADDRESS_STATE = (
    phrase_rule(
        R.SUSPEND,
        r"account (?:has been |is |was )?(?:disabled|locked|suspended|deactivated|inactive|"
        r"frozen|closed|expired)|mailbox (?:has been |is )?(?:disabled|frozen|inactive|"
        r"suspended|locked)|(?:account|mailbox|address) (?:that you tried to reach )?is "
        r"(?:inactive|disabled)|inactive (?:e-?mail )?(?:address|account|user|mailbox)|"
        r"disabled (?:mailbox|account|recipient)|user(?:\(s\))? account is disabled|"
        r"recipient (?:is )?(?:suspended|disabled)",
        "",
    ),
    phrase_rule(
        R.HASMOVED,
        r"no longer on (?:this )?server|(?:mailbox|address|user) has (?:moved|changed)|"
        r"user not local; please try|moved (?:permanently )?to a new address",
        "",
    ),
    phrase_rule(
        R.NORELAYING,
        r"relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited|disallowed|not allowed)|"
        r"not (?:permitted|allowed|authori[sz]ed) to relay|unable to relay|we do not relay|"
        r"relay not permitted|list of allowed rcpthosts|tenantattribution|open relay",
        "",
    ),
)


_AUTH = (
    phrase_rule(
        R.AUTHFAILURE,
        r"\bdmarc\b|\bunauthenticated\b(?! relay)|authenticate with [^.;]{0,30}\b(?:spf|dkim)\b|"
        r"\bspf\b[^.;]{0,40}\b(?:fail\w*|did not pass|does not pass|not pass|"
        r"validation|violation|check)|sender policy framework|\bdkim\b[^.;]{0,40}\b(?:fail\w*|"
        r"invalid|required|did not pass|not pass|no valid|signature)|(?:sender|message) is "
        r"unauthenticated|unauthenticated (?:e-?mail|message|sender)|not authenticated with "
        r"(?:spf|dkim)|\barc\b (?:validation|fail\w*)|authentication checks? (?:failed|did not "
        r"pass)",
        "",
    ),
    phrase_rule(
        R.REQUIREPTR,
        r"reverse dns|\bptr\b|\brdns\b|cannot find your (?:reverse )?hostname|reverse "
        r"(?:lookup|hostname|name)|no (?:dns )?name for your ip|hostname (?:does not|doesn't) "
        r"(?:match|resolve)|unresolvable (?:ip|client)",
        "",
    ),
)


_REPUTATION_AND_CONTENT = (
    phrase_rule(
        R.BLOCKED,
        r"spamhaus|spamcop|barracuda ?(?:central|reputation)|\bsorbs\b|uceprotect|dnsbl|\brbl\b|"
        r"block ?list(?:ed)?|black ?list(?:ed)?|(?<!not )listed (?:in|on|at|by)\b|blocked using|"
        r"proofpoint|ipcheck\.|on our block|\bcsi\b|cloudmark|invaluement|mailspike|spamrats",
        "",
    ),
    phrase_rule(
        R.BADREPUTATION,
        r"reputation|rate limited due to ip",
        "",
    ),
    phrase_rule(
        R.VIRUSDETECTED,
        r"\bvirus|malware|\binfected|trojan|\bworm\b|malicious (?:content|attachment|link|"
        r"software)|potential security issue|dangerous attachment",
        "",
    ),
    phrase_rule(
        R.SPAMDETECTED,
        r"\bspam\b|\bspam(?:my|iness|like|-like)|\bUBE\b|\bUCE\b|unsolicited|junk mail|bulk "
        r"(?:e-?)?mail|message content rejected|content (?:rejected|filter)|phish|high "
        r"probability|(?:spam|content) (?:score|classification|filter)|scored (?:as|too high)|"
        r"suspicious (?:content|message)|likely (?:suspicious|unsolicited)|mail flood",
        "",
    ),
    phrase_rule(
        R.POLICYVIOLATION,
        r"polic(?:y|ies) (?:violation|reasons|restrictions|rejection)|(?:local|security|"
        r"content|anti-?spoofing|mail) polic(?:y|ies)|protocol violation|prohibited by (?:local "
        r"|our )?policy|has a policy that prohibit|administrative prohibition|does not allow "
        r"external forwarding|violat\w+ (?:our|the|local) (?:policy|terms)|\[CS0\d\]|\[HM0\d\]",
        "",
    ),
    phrase_rule(
        R.FAILEDSTARTTLS,
        r"starttls|tls (?:is )?required|requiretls|tls (?:negotiation|handshake) failed|"
        r"encryption required|must use tls|no shared cipher|ssl (?:handshake|routines)",
        "",
    ),
    phrase_rule(
        R.SECURITYERROR,
        r"authentication (?:is )?required|not authenticated to send|must (?:authenticate|"
        r"issue an? auth)|smtp auth|invalid credentials|authentication credentials|"
        r"authentication failed|sender is not authorized",
        "",
    ),
    phrase_rule(
        R.SUPPRESSED,
        r"suppression list|\bsuppressed\b|on (?:the|our|your) (?:account-level |global )?"
        r"suppression|previously (?:hard )?bounced",
        "",
    ),
    phrase_rule(
        R.REJECTED,
        r"sender (?:address )?rejected|(?:mail ?from|envelope[- ]from|envelope sender|sender) "
        r"(?:address |domain )?(?:is )?(?:rejected|refused|not allowed|denied)|domain of "
        r"sender address \S+ does not exist|sender domain (?:must|does not|doesn't) "
        r"(?:exist|resolve)|unresolvable rfc\.?5321 from domain|bad outbound sender|sender "
        r"verify failed|not a member of (?:this|the) (?:mailing )?list|(?:are|is) not "
        r"(?:a )?member|permission to post|not (?:allowed|permitted) to post|'?send mail as'? "
        r"(?:account|feature)|envelope blocked|google groups|ML not member",
        "",
    ),
)

_DESTINATION = (
    phrase_rule(
        R.NOTACCEPT,
        r"null mx|does not accept (?:any )?(?:e-?)?mail|doesn't (?:accept|receive) (?:any )?"
        r"(?:e-?)?mail|not accepting (?:any )?(?:e-?)?mail|accepts no mail",
        "",
    ),
    phrase_rule(
        R.NETWORKERROR,
        r"routing loop|mail loop|loops? back to myself|hop count exceeded|too many hops|"
        r"loop(?:ing)? detected|message is looping|no route to host|network is unreachable",
        "",
    ),
    phrase_rule(
        R.NETWORKERROR,
        r"\bdns error\b|dns (?:lookup|query) (?:failed|error)|temporary (?:dns|lookup) failure|"
        r"name ?server (?:timeout|failure)|servfail|host not found, try again",
        "the DNS lookup failed; the domain may exist",
        not_permanent,
    ),
    phrase_rule(
        R.HOSTUNKNOWN,
        r"host unknown|unknown host|no such domain|(?:domain|host)(?: name)? (?:does not|doesn't) "
        r"exist|(?:domain|host)(?: name)? not found|host or domain name not found|"
        r"unrouteable|unroutable|illegal host|domain is not reachable|couldn't find any host|"
        r"unknown domain|nxdomain|domain (?:name )?(?:is )?(?:invalid|not valid)",
        "",
    ),
)

_EXPLICIT_UNKNOWN = re.compile(
    r"(?:user|account|mailbox|address|recipient|addressee)s?\b[^.;]{0,30}\b(?:does not|"
    r"doesn't|did not|do not) exist|do(?:es)?n'?t have an? [^;]{0,40}account|no mailbox here "
    r"by that name|name is not recognized|invalid (?:final delivery )?userid|invalid "
    r"recipient|unknown recipient|recipient unknown|not listed in [^.;]{0,40}(?:address "
    r"book|directory)|(?:user|recipient|mailbox) not found|recip(?:ient)?notfound|unknown or "
    r"illegal alias|no such (?:mailbox|account|recipient)|bad destination mailbox|destinataire "
    r"invalide|unknown (?:local[- ]part|local user|mailbox)|address (?:is )?(?:invalid|unknown)|"
    r"user (?:does not|doesn't) exist|badrcptto",
    re.I,
)
_BARE_UNKNOWN = re.compile(
    r"user unknown|unknown user|no such user|invalid (?:user )?address|invalid user|mailbox "
    r"unavailable|recipient address rejected|address rejected|user (?:is )?not known",
    re.I,
)
_AU_FILTER = re.compile(r"\b550 : user unknown", re.I)
_DOCOMO = re.compile(r"docomo", re.I)


def _unknown_user(words: str, facts: Facts) -> Hit | None:
    """The recipient is unknown, unless the stage says a filter answered.

    An "unknown user" reply to DATA cannot be a directory lookup (RCPT already accepted the
    address): a recipient-side filter answered. Explicit directory phrases decide alone; the
    bare "user unknown" follows the stage: RCPT or an X.1.x code -> userunknown, DATA ->
    filtered, and with neither a code nor a stage Sisimai's "filtered" is kept."""
    explicit = _EXPLICIT_UNKNOWN.search(words)
    if explicit:
        return Hit(R.USERUNKNOWN, explicit.group(0))
    m = _BARE_UNKNOWN.search(words)
    if not m:
        return None
    at_data = facts.command is SmtpCommand.DATA
    if _AU_FILTER.search(words):
        return Hit(R.FILTERED, m.group(0), "au (KDDI): the recipient's filter refused the sender")
    if at_data and (_DOCOMO.search(facts.host) or _DOCOMO.search(words)):
        return Hit(R.REJECTED, m.group(0), "NTT docomo: the recipient refuses this sender")
    status = facts.status or ""
    if status[2:4] == "1." or facts.command is SmtpCommand.RCPT:
        return Hit(R.USERUNKNOWN, m.group(0))
    if at_data:
        return Hit(R.FILTERED, m.group(0), "refused after DATA: a recipient-side filter answered")
    if not status:
        return Hit(R.FILTERED, m.group(0), "no status code and no SMTP stage: read as a filter")
    return Hit(R.USERUNKNOWN, m.group(0))


_LATE = (
    phrase_rule(
        R.TOOMANYCONN,
        r"too many (?:connections|concurrent|sessions|recipients|simultaneous)|connection "
        r"(?:limit|rate limit)|(?:maximum|max) (?:number of )?connections|too many "
        r"connections from",
        "",
    ),
    phrase_rule(
        R.SPEEDING,
        r"rate ?limit|sending rate|too (?:fast|quickly)|receiving mail at a rate|unusual rate|"
        r"too many (?:messages|mails|emails)|(?:per|an) (?:hour|day|minute) limit|daily "
        r"(?:user )?(?:sending )?(?:limit|quota)|throttl|sending limit",
        "",
    ),
    phrase_rule(
        R.BLOCKED,
        r"client host rejected|helo command rejected|access denied|\bblocked\b|\bbanned\b|"
        r"not accepting connections|refused to talk to me|connection (?:rejected|refused) "
        r"(?:by|from|due)|your (?:ip|host|server|network)[^.;]{0,30}(?:blocked|rejected|"
        r"refused)|dynamic (?:ip|address)|residential|dial-?up|"
        r"permanently deferred|will not be accepted",
        "",
    ),
    phrase_rule(
        R.EXPIRED,
        r"connection (?:timed out|refused|reset)|timed out|socket error|(?:unable|failed|"
        r"could not) (?:to )?(?:connect|establish)|unable to connect|connect\(\) to",
        "the last attempts could not connect",
        final_attempt,
    ),
    phrase_rule(
        R.MAILERERROR,
        r"command died|command (?:failed|exited)|\bprocmail\b|mailer error|pipe to |x-unix;",
        "",
    ),
    phrase_rule(
        R.SYNTAXERROR,
        r"syntax error|command (?:not )?(?:unrecognized|recognized)|unrecognized command|"
        r"bad sequence of commands",
        "",
    ),
    phrase_rule(
        R.SYSTEMERROR,
        r"system error|internal (?:server )?error|server error|local error|service "
        r"(?:currently )?unavailable|transaction failed|could not load|i/o error|configuration "
        r"error|temporary (?:local )?(?:problem|failure)|try again later|unable to open "
        r"mailbox",
        "",
    ),
)

STEPS: tuple[Check, ...] = (
    *PROVIDER_RULES,
    *_EXPIRED,
    *_SIZE_AND_STORAGE,
    *_ADDRESS_STATE,
    *_AUTH,
    *_REPUTATION_AND_CONTENT,
    *_DESTINATION,
    _unknown_user,
    *_LATE,
)

// Package network is the borough's network: groups people start and join (open, closed on
// request, or private by invitation), discussions in them (threads with replies one level deep,
// quoting, @mentions, attachments, an edit history and a host's "summary so far"), guides that
// a group drafts together chapter by chapter with comments pinned to paragraphs across
// versions, moderation (reports, a queue, hiding with a reason, blocking, holding new accounts'
// first posts, spam checks) and notifications (in the app, and by mail at once or in daily or
// weekly digests, each with one-click unsubscribe).
//
// Private groups leak nothing: every read goes through Service.access, and a person who may
// not see a group gets errs.NotFound, never Forbidden.
//
// Tables: network_groups, network_members, network_threads, network_posts, network_post_edits,
// network_attachments, network_follows, network_guides, network_chapters, network_versions,
// network_comments, network_reads, network_reports, network_blocks, network_spam_log,
// network_notifications, network_prefs, network_unsubscribe. Only internal/app calls it.
//
// Pure parts live in sub-packages: anchor (paragraphs across versions and their diff), mention
// (@handles), spam (honeypot and link limits) and digest (when digests are due and their order).
package network

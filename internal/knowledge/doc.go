// Package knowledge is the knowledge hub: a methods library written and reviewed in versions
// by editors (council officers), methods that start the real work (a template creates a draft
// in the capability that runs it: a PB process, a co-production project, an event with its
// programme, a volunteering role), the method finder (package finder), case studies written by
// hand or drafted from finished work, films and recordings with captions or transcripts,
// toolkits of documents in versions, training courses with progress, and one search across
// everything Commons holds (/search, over the index in internal/platform/search).
//
// Tables: knowledge_* (methods and their versions, cases, media, documents, toolkits, courses,
// enrolments) and, through platform/search's migrations, the search index. It reads people,
// organisations and areas through identity's service.
//
// Other capabilities never import it. It finds what they offer through interfaces it declares
// (Starter for templates, CaseSource for case drafts, EventLookup for a course run live) and
// through platform/search's Source and Audiences for the search index; each works without them.
package knowledge

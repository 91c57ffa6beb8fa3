"""The builder's data: library entries and the bin, drafts with their revisions and undo, named versions, share
links, and publishing a draft as the bot. Plain data in and out; no request, no HTML."""

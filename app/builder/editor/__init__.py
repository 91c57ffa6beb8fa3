"""The editor as plain data and back: the fields of each component, the outline, the view model of a page, one
field checked as typed, a posted form taken onto the draft, and the rendering of every editor answer."""

"""Pages that exist only in development mode, for this machine only: the mail outbox.

A leaf of the house: it may read any feature (who is signed in, who is an administrator); nothing imports it but
the wiring, which routes it in development mode alone.
"""

"""What people answered through a guild's forms: kept as they came, listed per form, exported as CSV.

May import: app.core.
"""

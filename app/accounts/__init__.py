"""Local accounts: users, passwords, two-factor authentication and recovery codes, lockouts, mailed links;
signing in with a password, signing up, email verification and password reset (served under /auth); the account
pages under /account.

Imports app.auth (identity, sessions, cookies), app.core, app.mail and app.settings; never app.admin.
"""

"""Workspaces, memberships with roles, the permission table, log-in and the audit log."""

"""Plans and their versions, and the editor with live recompute."""

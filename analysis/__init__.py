"""Network analytics, region scopes and profiles computed from a read-only snapshot of the store."""

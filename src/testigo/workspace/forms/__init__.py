"""Forms of the workspace: they parse and check input; services do the writing."""

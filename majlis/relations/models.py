"""Models of the relations app."""

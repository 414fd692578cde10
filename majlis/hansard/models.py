"""Models of the hansard app."""

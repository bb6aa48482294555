"""The method library (methods with their steps) and groups' own adapted copies."""

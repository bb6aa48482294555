"""Registers' rules and a group's fit, hours ledger, evidence, certificates, /verifieer/."""

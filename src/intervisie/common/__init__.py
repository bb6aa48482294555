"""The shared kit, importing no app: audit log, outbox, permissions, forms, BSN, ICS, PDF, video."""

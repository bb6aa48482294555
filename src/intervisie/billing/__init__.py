"""Money and documents: quotes, invoices and credit notes with gapless numbers per provider, VAT rules,
PDFs and the bookkeeping export (issue 12). Knows providers, nothing of what a document is for."""

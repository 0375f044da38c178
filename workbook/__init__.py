"""Reading and writing the seller's workbook without touching what is theirs."""

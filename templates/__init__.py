"""The customer-workbook and tracking-log templates, and the code that generates them."""

"""The thin xlwings layer: Excel custom functions (UDFs) and ribbon entry points."""

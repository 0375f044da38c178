"""Pure customer-tiering rules for tierbook: no files, no clock, no Excel. `today` is always a parameter."""

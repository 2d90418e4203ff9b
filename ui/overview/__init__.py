"""概览: the figures and charts, and where their clicks lead."""

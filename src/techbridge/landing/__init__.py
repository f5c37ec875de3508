"""成果落地: landing records of Beijing achievements, engagements and contracts in Tianjin/Hebei parks, and the chain signed → landed → producing."""

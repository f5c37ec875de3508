"""The 对接 pipeline: engagements and their timeline, brokers' board, technology contracts (技术合同)."""

"""交易: public trade listings of achievements (协议定价公示, 挂牌, 竞价, 开放许可), bids and their outcome."""

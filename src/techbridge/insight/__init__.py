"""数据看板, the read side: targets, flows, series, conversion, funnel, chain map, parks, reports."""

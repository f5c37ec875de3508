"""科技成果评价与估值: evaluations per GB/T 44731-2024 and valuations per GB/T 39057-2020."""

"""科技成果 and 技术需求: rules, publishing and review, the library, import and export of 清单."""

"""孵化载体: 众创空间 / 孵化器 / 加速器 / 产业园区, tenancies of firms, and the national criteria as checks (rules only so far)."""

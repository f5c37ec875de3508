"""仪器共享: shared research instruments, search from a need, bookings with one winner per slot."""

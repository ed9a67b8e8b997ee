"""The allocation pages: services and practices' answers (services), and sharing staff time
out by need (sharing)."""

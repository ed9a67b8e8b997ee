"""The coordination pages, one module a subject: the hub, who does what, requests to
practices, meetings (decisions and actions), concerns, announcements and the digest."""

"""路演: roadshows of financing projects — slots from matched needs, registrations, a weighted jury scorecard, 有意向 into the finance funnel."""

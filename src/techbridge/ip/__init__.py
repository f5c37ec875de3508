"""知识产权: patent legal status records, annuity deadlines, licences and pledges, and the warnings they raise (rules only so far)."""

"""揭榜挂帅 open calls: criteria, proposals, reviews, 赛马制, and winners entering the pipeline."""

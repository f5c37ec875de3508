"""政策服务: policy ingest and extraction, policy search, the policies that apply to a listing."""

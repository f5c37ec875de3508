"""概念验证与中试服务: concept-verification centres and pilot bases, service requests (NDA → quote → booking), service records."""

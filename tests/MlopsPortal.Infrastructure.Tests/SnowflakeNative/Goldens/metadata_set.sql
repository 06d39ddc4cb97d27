ALTER MODEL "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL" MODIFY VERSION "V2" SET METADATA = $${"metrics":{"f1_score":0.8125,"roc_auc":0.91},"snowpark_ml_schema_version":"2024-01-01"}$$;

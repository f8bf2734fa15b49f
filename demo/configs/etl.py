"""Nightly ETL job: credentials come from secret references, never from literals."""
import os

SNOWFLAKE_PASSWORD_REF = "vault.secret(demo-vault:demo/snowflake.password)"
POSTGRES_PASSWORD_REF = "{{resolve:secretsmanager:postgresSecrets:SecretString:password}}"


def connection_settings() -> dict:
    return {
        "snowflake": {"user": "loader", "password": SNOWFLAKE_PASSWORD_REF},
        "postgres": {"host": os.environ.get("PG_HOST", "pg.internal.example.com"), "password": POSTGRES_PASSWORD_REF},
    }

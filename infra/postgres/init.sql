-- PostgreSQL bootstrap of the `mi` database: one login role and one schema per service.
--
-- Run once by the postgres image on an empty data directory (docker-compose.yml mounts this file
-- into /docker-entrypoint-initdb.d; it runs through psql as POSTGRES_USER connected to POSTGRES_DB).
-- On a managed/production server run it yourself as an administrator, connected to the `mi`
-- database:   psql -v ON_ERROR_STOP=1 "postgresql://admin@db-host:5432/mi" -f infra/postgres/init.sql
-- (it uses psql's :DBNAME variable, so it must run through psql).
--
-- Design: each service's database user may only touch its own schema.
--   gateway                -> schema gateway    role mi_gateway
--   agreement-service      -> schema agreement  role mi_agreement
--   claims-review-service  -> schema review     role mi_review
--   monitoring-kb-service  -> schema kb         role mi_kb
--   fund-pooling-service   -> schema fund       role mi_fund
--   credit-service         -> schema credit     role mi_credit
--
-- DEVELOPMENT: docker-compose.yml connects every service as the single `mi` superuser for
-- simplicity, so these roles exist but are not used there. Tables that `mi` creates are owned by
-- `mi`; to try the per-service roles locally, start from an empty volume
-- (`docker compose -f infra/docker-compose.yml down -v`) and point each service's DATABASE_URL at
-- its own role before its first boot.
-- PRODUCTION: set each service's DATABASE_URL to its own role, e.g.
--   postgresql://mi_review:<password>@db-host:5432/mi   (see infra/k8s/secret.example.yaml)
--
-- !!! The passwords below are DEVELOPMENT PASSWORDS — CHANGE THEM for any shared or production
-- !!! database (ALTER ROLE mi_xxx PASSWORD '...'), or create the roles without them and set the
-- !!! passwords from your secret store.

\set ON_ERROR_STOP on

-- 1. Login roles (no superuser, no createdb, no createrole). ------------------------------------
CREATE ROLE mi_gateway   LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD 'dev-gateway-CHANGE-ME';
CREATE ROLE mi_agreement LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD 'dev-agreement-CHANGE-ME';
CREATE ROLE mi_review    LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD 'dev-review-CHANGE-ME';
CREATE ROLE mi_kb        LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD 'dev-kb-CHANGE-ME';
CREATE ROLE mi_fund      LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD 'dev-fund-CHANGE-ME';
CREATE ROLE mi_credit    LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD 'dev-credit-CHANGE-ME';

-- 2. Nobody but the owner/administrators gets anything by default. ------------------------------
-- The public schema: no CREATE for PUBLIC (already the default since PostgreSQL 15; explicit so
-- the script means the same on older servers).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- The database: no implicit CONNECT/TEMP for every role of the server; granted per role below.
-- (Other databases of the server, e.g. `postgres`, keep their own PUBLIC CONNECT grant.)
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;

-- 3. Each service connects, and owns exactly one schema. ----------------------------------------
-- Only CONNECT: each schema below already exists and is owned by its role, and the platform's
-- migration runner creates a schema only when it is missing (libs/platform/src/orm/run-migrations.ts).
GRANT CONNECT ON DATABASE :"DBNAME" TO mi_gateway, mi_agreement, mi_review, mi_kb, mi_fund, mi_credit;

CREATE SCHEMA gateway   AUTHORIZATION mi_gateway;
CREATE SCHEMA agreement AUTHORIZATION mi_agreement;
CREATE SCHEMA review    AUTHORIZATION mi_review;
CREATE SCHEMA kb        AUTHORIZATION mi_kb;
CREATE SCHEMA fund      AUTHORIZATION mi_fund;
CREATE SCHEMA credit    AUTHORIZATION mi_credit;

-- Each role resolves unqualified names in its own schema only (the services qualify names anyway).
ALTER ROLE mi_gateway   SET search_path = gateway;
ALTER ROLE mi_agreement SET search_path = agreement;
ALTER ROLE mi_review    SET search_path = review;
ALTER ROLE mi_kb        SET search_path = kb;
ALTER ROLE mi_fund      SET search_path = fund;
ALTER ROLE mi_credit    SET search_path = credit;

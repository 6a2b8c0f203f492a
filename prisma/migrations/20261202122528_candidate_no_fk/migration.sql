-- DropForeignKey
ALTER TABLE "candidate" DROP CONSTRAINT "candidate_domain_id_fkey";

-- DropForeignKey
ALTER TABLE "candidate" DROP CONSTRAINT "candidate_batch_id_fkey";

-- AlterTable
ALTER TABLE "model_endpoint" ADD COLUMN     "protocol_learned" JSONB,
ADD COLUMN     "samples_per_request" TEXT NOT NULL DEFAULT 'auto',
ADD COLUMN     "temperature_mode" TEXT NOT NULL DEFAULT 'auto',
ADD COLUMN     "think_close" TEXT NOT NULL DEFAULT '</think>',
ADD COLUMN     "think_open" TEXT NOT NULL DEFAULT '<think>',
ADD COLUMN     "token_param" TEXT NOT NULL DEFAULT 'auto';

-- AlterTable
ALTER TABLE "scoring_run" ADD COLUMN     "reasoning_effort" TEXT,
ADD COLUMN     "reasoning_tokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "truncated_as" TEXT NOT NULL DEFAULT 'wrong',
ADD COLUMN     "truncated_samples" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "sample" ADD COLUMN     "finish_reason" TEXT,
ADD COLUMN     "reasoning" TEXT,
ADD COLUMN     "reasoning_tokens" INTEGER NOT NULL DEFAULT 0;

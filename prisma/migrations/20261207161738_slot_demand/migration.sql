-- CreateTable
CREATE TABLE "endpoint_slot_demand" (
    "endpoint_id" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,
    "wanted_until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "endpoint_slot_demand_pkey" PRIMARY KEY ("endpoint_id","holder")
);

-- AddForeignKey
ALTER TABLE "endpoint_slot_demand" ADD CONSTRAINT "endpoint_slot_demand_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "model_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

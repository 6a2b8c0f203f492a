import { z } from "zod";
import { getExportJob } from "@/lib/export";
import { idParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// One export's status and progress (rows done / total) and, once done, its files.
export const GET = route({ role: "lead", params: z.object({ id: idParam }) }, async ({ params }) => getExportJob(params.id));

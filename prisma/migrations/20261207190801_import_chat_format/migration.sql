-- AlterEnum
ALTER TYPE "ImportFormat" ADD VALUE 'chat';

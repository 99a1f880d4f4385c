import { Hono } from 'hono';
import type { AppEnv } from '../context';

export const pages = new Hono<AppEnv>();

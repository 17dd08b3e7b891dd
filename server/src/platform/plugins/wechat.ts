import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WeChatClient } from '../wechat.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The WeChat server API client (login, subscribe messages); tests point it at a fake server. */
    wechat: WeChatClient;
  }
}

export default fp(
  async function wechatPlugin(app: FastifyInstance) {
    app.decorate('wechat', new WeChatClient(app.config.wechat));
  },
  { name: 'wechat', dependencies: ['config'] },
);

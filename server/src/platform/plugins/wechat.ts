import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WeChatClient, WeChatWebAuth } from '../wechat.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The WeChat server API client (login, subscribe messages); tests point it at a fake server. */
    wechat: WeChatClient;
    /** 网页授权 of the official account: the H5 build's WeChat sign-in (off when not configured). */
    wechatWeb: WeChatWebAuth;
  }
}

export default fp(
  async function wechatPlugin(app: FastifyInstance) {
    const { wechat, wechatWeb } = app.config;
    app.decorate('wechat', new WeChatClient(wechat));
    app.decorate(
      'wechatWeb',
      new WeChatWebAuth({ ...wechatWeb, apiBase: wechat.apiBase, timeoutMs: wechat.timeoutMs }),
    );
  },
  { name: 'wechat', dependencies: ['config'] },
);
